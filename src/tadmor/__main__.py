from tadmor.cli import main

main()
