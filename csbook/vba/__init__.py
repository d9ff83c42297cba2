"""The VBA behind the templates' buttons: a source-only VBA project writer ([MS-OVBA] in
`project`, [MS-CFB] in `cfb`, compression in `compression`), modules from source files
(`modules`) and the `.xlsm` build (`build`)."""
