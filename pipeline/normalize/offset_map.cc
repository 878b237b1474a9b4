// pipeline/normalize/offset_map.cc: being written (see the stage header).
