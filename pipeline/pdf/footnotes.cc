// pipeline/pdf/footnotes.cc: being written (see the stage header).
