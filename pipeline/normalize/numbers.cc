// pipeline/normalize/numbers.cc: being written (see the stage header).
