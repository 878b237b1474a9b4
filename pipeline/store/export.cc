// pipeline/store/export.cc: being written (see the stage header).
