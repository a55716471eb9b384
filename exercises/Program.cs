using Chapter4.Exercises.Checker;

// The exercises' checker: see Checker/Cli.cs, and exercises.json for the list.
string state = Environment.GetEnvironmentVariable("CHAPTER4_EXERCISES_STATE")
    ?? Path.Combine(ExerciseList.BuildMetadata("ExercisesDirectory") ?? AppContext.BaseDirectory, ".hints");
return Cli.Run(args, Console.Out, Console.Error, state);
