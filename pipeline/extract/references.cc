// pipeline/extract/references.cc: being written (see the stage header).
