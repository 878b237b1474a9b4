// pipeline/pdf/reader.cc: being written (see the stage header).
