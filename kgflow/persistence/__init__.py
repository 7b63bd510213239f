"""The only package that talks to the database: tables, migrations, repositories, the unit of work."""
