using Chapter4.App;

// Chapter4: every snippet of the course's chapter 4 as a runnable lesson. See README.md.
return Cli.Run(args, Console.Out, Console.Error);
