"""The Excel face: the buttons' entry points (`buttons`), the custom functions (`udfs`) and
what they share — reading the open workbook's sheets through xlwings (`source`), planning the
marks and cells to write (`marks`, pure Python) and writing them in a few blocks (`writer`,
`report`). No business logic lives here: every figure comes from `csbook.pipeline` and
`csbook.rules`.

Every function takes an `xw.Book`, so the same code runs behind a desktop `RunPython` button
(`xw.Book.caller()`), under xlwings Server or Lite (the book passed in), and in the tests
through xlwings' remote engine.
"""
