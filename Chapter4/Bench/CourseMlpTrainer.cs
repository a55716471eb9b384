using Chapter4.Models;
using Chapter4.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Bench;

/// <summary>How <see cref="CourseMlpTrainer"/> performs a step; all four compute the same updates.</summary>
public enum CourseMlpStep
{
    /// <summary>What a lesson writes: torch.optim.SGD, zero_grad, backward, step.</summary>
    TorchOptim,
    /// <summary>The harness fast path: <see cref="FlatSgd"/> (one buffer for all parameters).</summary>
    FlatSgd,
    /// <summary>
    /// The whole step as one TorchScript function (<see cref="OneNativeCallCourseStep"/>), compiled by libtorch at
    /// start-up and run with a single native call: no managed code per operation is left, so its time is libtorch's
    /// own cost of the step, the floor for any C# caller. Measured to show what is (not) ours to remove.
    /// </summary>
    OneNativeCall,
    /// <summary>The backward written by hand (<see cref="HandWrittenCourseStep"/>) instead of autograd, with the flat SGD.</summary>
    HandWritten,
}

/// <summary>One training step of the course's ModelDemo, as W1 and W3 run it.</summary>
public sealed class CourseMlpTrainer : IDisposable
{
    private const double LearningRate = 0.01;
    private const double Momentum = 0.9;

    private readonly ModelDemo _model;
    private readonly Tensor _x;
    private readonly Tensor _y;
    private readonly optim.Optimizer? _optimizer;
    private readonly FlatSgd? _flat;
    private readonly OneNativeCallCourseStep? _oneNativeCall;
    private readonly HandWrittenCourseStep? _handWritten;
    private readonly Loss<Tensor, Tensor, Tensor> _criterion = nn.CrossEntropyLoss();

    public CourseMlpTrainer(long seed, CourseMlpStep kind)
    {
        torch.manual_seed(seed);
        _model = new ModelDemo();
        _x = torch.randn(5, 3);
        _y = torch.tensor(new long[] { 0, 1, 0, 1, 1 });
        if (kind == CourseMlpStep.TorchOptim)
        {
            _optimizer = torch.optim.SGD(_model.parameters(), LearningRate, momentum: Momentum);
            return;
        }
        _flat = new FlatSgd(_model.parameters(), LearningRate, Momentum);
        if (kind == CourseMlpStep.HandWritten) _handWritten = new HandWrittenCourseStep(_model, _flat, _x, _y);
        if (kind == CourseMlpStep.OneNativeCall) _oneNativeCall = new OneNativeCallCourseStep(_model, _flat, _x, _y, LearningRate, Momentum);
    }

    public ModelDemo Model => _model;

    /// <summary>One step; returns the loss only when asked (reading it costs a native call).</summary>
    public float? Step(bool readLoss = false)
    {
        using var scope = torch.NewDisposeScope();
        Tensor loss;
        if (_handWritten is not null)
        {
            loss = _handWritten.Step();
        }
        else if (_oneNativeCall is not null)
        {
            loss = _oneNativeCall.Step();
        }
        else
        {
            loss = _criterion.call(_model.call(_x), _y);
            if (_flat is not null) _flat.zero_grad(); else _optimizer!.zero_grad();
            loss.backward();
            if (_flat is not null) _flat.step(); else _optimizer!.step();
        }
        return readLoss ? loss.item<float>() : null;
    }

    public void Dispose()
    {
        _oneNativeCall?.Dispose();
        _handWritten?.Dispose();
        _flat?.Dispose();
        _model.Dispose();
        _x.Dispose();
        _y.Dispose();
    }
}
