Attribute VB_Name = "CsbookButtons"
' The buttons on the csbook workbooks (校验, 计算, 月度汇总, 处罚汇总, 清除标记).
' Each button runs one of the Subs below, which hands one line of Python to xlwings'
' RunPython; the work is done by csbook.excel.buttons in Python.
' Source: macros/ in the csbook repository, built into templates/*.xlsm by
' scripts/build-templates. Edit it there, not in Excel.
Option Explicit

Public Sub CsbookValidate()
    CsbookRun "import csbook.excel.buttons as b; b.validate()"
End Sub

Public Sub CsbookCompute()
    CsbookRun "import csbook.excel.buttons as b; b.compute()"
End Sub

Public Sub CsbookMonthSummary()
    CsbookRun "import csbook.excel.buttons as b; b.month_summary()"
End Sub

Public Sub CsbookPenaltySummary()
    CsbookRun "import csbook.excel.buttons as b; b.penalty_summary()"
End Sub

Public Sub CsbookClearMarks()
    CsbookRun "import csbook.excel.buttons as b; b.clear_marks()"
End Sub

' Runs one line of Python through xlwings. When Python exits with an error, xlwings has
' already shown its message (e.g. "'python' is not recognized", "No module named
' 'csbook'"); this adds how to set the computer up.
Private Sub CsbookRun(ByVal pythonCode As String)
    Dim status As Variant
    On Error GoTo Failed
    status = RunPython(pythonCode)
    On Error GoTo 0
    If status <> 0 Then CsbookSetupHelp ""
    Exit Sub
Failed:
    CsbookSetupHelp Err.Description
End Sub

Private Sub CsbookSetupHelp(ByVal detail As String)
    Dim message As String
    message = "csbook 没有运行成功。" & vbCrLf & vbCrLf & _
        "如果上一个提示说找不到 python、xlwings 或 csbook，是这台电脑还没有装好：" & vbCrLf & _
        "1. 安装 Python 3.11 或更新版本，安装时勾选“Add python.exe to PATH”；" & vbCrLf & _
        "2. 打开“命令提示符”，运行 pip install 安装 csbook（含 xlwings）；" & vbCrLf & _
        "3. 再运行 xlwings config create；" & vbCrLf & _
        "4. 关闭 Excel，重新打开本工作簿。" & vbCrLf & vbCrLf & _
        "详见 csbook 使用说明中的“安装”一节。"
    If detail <> "" Then message = message & vbCrLf & vbCrLf & "错误信息：" & detail
    MsgBox message, vbExclamation, "csbook"
End Sub
