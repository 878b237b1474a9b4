// pipeline/extract/assignments.cc: being written (see the stage header).
