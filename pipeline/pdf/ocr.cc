// pipeline/pdf/ocr.cc: being written (see the stage header).
