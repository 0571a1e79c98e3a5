from bulletin_cli.cli import main

main()
