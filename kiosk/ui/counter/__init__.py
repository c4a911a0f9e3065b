"""The counter terminal (窗口): ``kiosk --mode counter --counter ID``, staff call and serve tickets."""
