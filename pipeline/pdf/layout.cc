// pipeline/pdf/layout.cc: being written (see the stage header).
