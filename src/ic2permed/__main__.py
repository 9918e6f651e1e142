from ic2permed.cli import main

main()
