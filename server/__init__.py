"""The central statistics server: enrollment, weekly reports, the shared directory and cross-site exports."""
