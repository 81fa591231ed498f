print("vtrans")
