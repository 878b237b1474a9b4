// pipeline/rules/gazetteer.cc: being written (see the stage header).
