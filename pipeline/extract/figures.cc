// pipeline/extract/figures.cc: being written (see the stage header).
