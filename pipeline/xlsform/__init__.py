"""XLSForm in and out: the workbook format of KoboToolbox, ODK, SurveyCTO and CHT."""
