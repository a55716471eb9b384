using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Printing;
using TorchSharp;

namespace Chapter4.Lessons;

/// <summary>构建神经网络模型: the course's ModelDemo, built and run on a random batch.</summary>
public sealed class ModelLesson : ModelDemoLesson
{
    public override string Id => "model";
    public override string? Snippet => "1.1-model";
    public override CourseSection Section => CourseOutline.BuildModel;
    public override string Description =>
        "ModelDemo (Linear 3→3 sigmoid, 3→2 ReLU, 2→2 softmax) with Xavier/Kaiming init, run on randn(5, 3)";

    [Knob("weights", "a PyTorch state_dict file (torch.save) to load into ModelDemo after it is built")]
    public string? Weights { get; set; }

    /// <summary>The weights file is read and checked before the first print (and read again by <see cref="Run"/>).</summary>
    public override void Validate()
    {
        if (Weights is null) return;
        using var scope = torch.NewDisposeScope();
        using var probe = new ModelDemo();
        LoadWeights(probe, Weights);
    }

    public override void Run(LessonContext ctx)
    {
        var my_model = new ModelDemo();
        if (Weights is not null) LoadWeights(my_model, Weights);
        ctx.Print("my_model->", my_model);
        var data = torch.randn(5, 3);
        ctx.Print("data->", data);
        var output = my_model.to(ctx.Device).call(data.to(ctx.Device));
        ctx.Print("output->", new GradFnTensor(output, "SoftmaxBackward0"));
        Record(ctx, my_model, data, output);
        // Finite weights can still overflow on the way (3e38 × 3 inputs): say so rather than print NaN rows as a result.
        if (Weights is not null && !output.isfinite().all().item<bool>())
            throw new LessonRunException(T("error.output-not-finite", Text.Echo(Weights)));
    }

    private void LoadWeights(ModelDemo model, string path)
    {
        try
        {
            StateDictFile.LoadInto(model, path);
        }
        catch (StateDictException e)
        {
            throw new LessonInputException(T("error.weights", Text.Echo(path), e.Message));
        }
    }
}
