// pipeline/rules/rule_parser.cc: being written (see the stage header).
