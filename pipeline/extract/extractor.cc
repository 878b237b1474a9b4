// pipeline/extract/extractor.cc: being written (see the stage header).
