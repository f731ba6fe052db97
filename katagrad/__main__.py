from katagrad.cli import main

main()
