// pipeline/rules/rule_engine.cc: being written (see the stage header).
