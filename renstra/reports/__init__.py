"""The official tables (Renstra, Renja, Evaluasi Renja, LKjIP, SPM) as Excel and PDF."""
