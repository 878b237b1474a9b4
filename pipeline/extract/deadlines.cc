// pipeline/extract/deadlines.cc: being written (see the stage header).
