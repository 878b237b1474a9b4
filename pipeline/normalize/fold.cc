// pipeline/normalize/fold.cc: being written (see the stage header).
