// pipeline/normalize/dates.cc: being written (see the stage header).
