// pipeline/normalize/legacy_encoding.cc: being written (see the stage header).
