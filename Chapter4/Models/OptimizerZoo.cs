using Chapter4.Harness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Models;

/// <summary>The five optimizers of the course by name, for lessons that compare them.</summary>
public static class OptimizerZoo
{
    public static readonly string[] Names = ["sgd", "momentum", "adagrad", "rmsprop", "adam"];

    /// <summary>Comma-separated names, checked; throws <see cref="LessonInputException"/> naming the valid ones.</summary>
    public static string[] Parse(string list)
    {
        string[] names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new LessonInputException($"--optimizers: name at least one of {string.Join(", ", Names)}");
        foreach (string n in names)
            if (!Names.Contains(n)) throw new LessonInputException($"--optimizers: unknown optimizer '{n}'; valid: {string.Join(", ", Names)}");
        return names;
    }

    /// <summary>The optimizer with this lesson-wide learning rate (momentum 0.9; RMSProp alpha 0.9; Adam betas 0.9, 0.999).</summary>
    public static optim.Optimizer Create(string name, IEnumerable<Parameter> parameters, double lr) => name switch
    {
        "sgd" => torch.optim.SGD(parameters, lr),
        "momentum" => torch.optim.SGD(parameters, lr, momentum: 0.9),
        "adagrad" => torch.optim.Adagrad(parameters, lr),
        "rmsprop" => torch.optim.RMSProp(parameters, lr, alpha: 0.9),
        "adam" => torch.optim.Adam(parameters, lr),
        _ => throw new LessonInputException($"unknown optimizer '{name}'; valid: {string.Join(", ", Names)}"),
    };
}
