// pipeline/pdf/tables.cc: being written (see the stage header).
