// pipeline/normalize/normalizer.cc: being written (see the stage header).
