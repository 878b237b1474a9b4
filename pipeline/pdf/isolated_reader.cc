// pipeline/pdf/isolated_reader.cc: being written (see the stage header).
