// pipeline/store/store.cc: being written (see the stage header).
