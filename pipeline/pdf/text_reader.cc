// pipeline/pdf/text_reader.cc: being written (see the stage header).
