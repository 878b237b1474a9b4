// pipeline/extract/tasks.cc: being written (see the stage header).
