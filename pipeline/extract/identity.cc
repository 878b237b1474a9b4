// pipeline/extract/identity.cc: being written (see the stage header).
