"""Pelihara: the Standar Pelayanan Pemeliharaan SIM of Biro DI, Setneg, as code."""

__version__ = "0.1.0"
