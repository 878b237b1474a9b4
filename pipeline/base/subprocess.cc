// pipeline/base/subprocess.cc: being written (see the stage header).
