"""Sample workbooks: a month of a small department, with a few deliberate mistakes."""
