"""One module per resource; handlers translate HTTP to service calls and never grade."""
