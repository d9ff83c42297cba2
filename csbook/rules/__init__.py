"""The workbooks' contract and every rule: pure Python, no Excel, no I/O."""
