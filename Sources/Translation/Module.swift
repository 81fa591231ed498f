// Translation module
