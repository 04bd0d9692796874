namespace DltNet;

/// <summary>Base of the library's exceptions. <see cref="ErrorCode"/> is the name of the matching dlt exception class.</summary>
public class DltException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DltException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>dlt's exception class name (<c>DataValidationError</c>, <c>CannotCoerceNullException</c>, ...).</summary>
    public virtual string ErrorCode => GetType().Name;

    /// <summary>True when retrying cannot help.</summary>
    public virtual bool IsTerminal => true;
}

/// <summary>Input data that cannot be read or converted.</summary>
public class DltDataException(string message, Exception? inner = null) : DltException(message, inner);

/// <summary>A pipeline step failed. The inner exception says why; <see cref="Step"/> says where.</summary>
public sealed class PipelineStepFailedException : DltException
{
    /// <summary>Creates the exception.</summary>
    public PipelineStepFailedException(string pipelineName, string step, string? loadId, Exception inner, object? stepInfo = null, bool hasPendingData = false)
        : base(BuildMessage(step, loadId, inner, hasPendingData), inner)
    {
        PipelineName = pipelineName;
        Step = step;
        LoadId = loadId;
        StepInfo = stepInfo;
        HasPendingData = hasPendingData;
    }

    /// <summary>Name of the pipeline.</summary>
    public string PipelineName { get; }
    /// <summary><c>sync</c>, <c>extract</c>, <c>normalize</c> or <c>load</c>.</summary>
    public string Step { get; }
    /// <summary>Load package being processed, if any.</summary>
    public string? LoadId { get; }
    /// <summary>Info of the step so far (e.g. the <see cref="LoadInfo"/>).</summary>
    public object? StepInfo { get; }
    /// <summary>True when packages are left for the next run to finish.</summary>
    public bool HasPendingData { get; }
    /// <inheritdoc />
    public override string ErrorCode => "PipelineStepFailed";
    /// <inheritdoc />
    public override bool IsTerminal => InnerException is not DltException d || d.IsTerminal;

    private static string BuildMessage(string step, string? loadId, Exception inner, bool pending)
    {
        var where = loadId is null ? "" : $" when processing package with `load_id={loadId}`";
        var code = inner is DltException d ? d.ErrorCode : inner.GetType().Name;
        var msg = $"Pipeline execution failed at `step={step}`{where} with exception:\n\n{code}\n{inner.Message}";
        if (pending) msg += "\n\nPending packages are left in the pipeline folder; the next run completes them first.";
        return msg;
    }
}

/// <summary>Data violates a schema contract in <c>freeze</c> mode (dlt's <c>DataValidationError</c>).</summary>
public sealed class DataValidationException : DltException
{
    /// <summary>Creates the exception.</summary>
    public DataValidationException(string schemaName, string tableName, string? columnName, string schemaEntity, string contractMode, string? itemPosition, string detail)
        : base($"In schema `{schemaName}`: In table `{tableName}`{(columnName is null ? "" : $": column `{columnName}`")}: contract on `{schemaEntity}` with mode `{contractMode}` is violated. {detail}{(itemPosition is null ? "" : $" (item {itemPosition})")}")
    {
        SchemaName = schemaName;
        TableName = tableName;
        ColumnName = columnName;
        SchemaEntity = schemaEntity;
        ContractMode = contractMode;
        ItemPosition = itemPosition;
    }

    /// <summary>Schema name.</summary>
    public string SchemaName { get; }
    /// <summary>Table name.</summary>
    public string TableName { get; }
    /// <summary>Column name (null for table-level violations).</summary>
    public string? ColumnName { get; }
    /// <summary><c>tables</c>, <c>columns</c> or <c>data_type</c>.</summary>
    public string SchemaEntity { get; }
    /// <summary>Contract mode (<c>freeze</c>).</summary>
    public string ContractMode { get; }
    /// <summary>Position of the offending item (resource item index / row).</summary>
    public string? ItemPosition { get; }
    /// <inheritdoc />
    public override string ErrorCode => "DataValidationError";
}

/// <summary>A null arrived in a column that is not nullable.</summary>
public sealed class CannotCoerceNullException(string tableName, string columnName, string? itemPosition)
    : DltException($"Cannot coerce NULL in table `{tableName}` column `{columnName}` which is not nullable{(itemPosition is null ? "" : $" (item {itemPosition})")}.")
{
    /// <summary>Table name.</summary>
    public string TableName { get; } = tableName;
    /// <summary>Column name.</summary>
    public string ColumnName { get; } = columnName;
}

/// <summary>A value fits neither its column nor the existing variant column.</summary>
public sealed class CannotCoerceColumnException(string tableName, string columnName, string fromType, string toType, object? value, string? itemPosition)
    : DltException($"Cannot coerce a value of type {fromType} into column `{columnName}` ({toType}) of table `{tableName}` nor into its variant column{(itemPosition is null ? "" : $" (item {itemPosition})")}. Value: {Preview(value)}")
{
    /// <summary>Table name.</summary>
    public string TableName { get; } = tableName;
    /// <summary>Column name.</summary>
    public string ColumnName { get; } = columnName;

    private static string Preview(object? v)
    {
        var s = v?.ToString() ?? "null";
        return s.Length > 80 ? s[..80] + "…" : s;
    }
}

/// <summary>A declared non-nullable column never received a type (dlt's <c>UnboundColumnException</c>).</summary>
public sealed class UnboundColumnException(string schemaName, string tableName, string columnName)
    : DltException($"In schema `{schemaName}`: the column `{columnName}` in table `{tableName}` did not receive any data during this load and therefore has no data type, yet it is not nullable (e.g. a primary key that never appears in the data).");

/// <summary>A job's table has a write disposition the destination cannot load (<c>skip</c> on a data table).</summary>
public sealed class LoadClientUnsupportedWriteDisposition(string tableName, string writeDisposition, string fileName)
    : DltException($"Destination does not support write disposition `{writeDisposition}` for table `{tableName}` (job file {fileName}). `skip` is reserved for dlt's own tables; use append, replace or merge.")
{
    /// <summary>Name of the job file that cannot be loaded.</summary>
    public string FileName { get; } = fileName;
}

/// <summary>A load job failed terminally; the package is aborted.</summary>
public sealed class LoadClientJobFailed(string loadId, string jobId, string failedMessage, Exception? inner = null)
    : DltException($"Job for {jobId} had terminal exception in load package {loadId}: {failedMessage}. The package is aborted and cannot be retried.", inner)
{
    /// <summary>Load id.</summary>
    public string LoadId { get; } = loadId;
    /// <summary>Job id.</summary>
    public string JobId { get; } = jobId;
}

/// <summary>The schema or its hints are not valid for the requested operation.</summary>
public sealed class SchemaCorruptedException(string message) : DltException(message);

/// <summary>The destination cannot do what the schema asks.</summary>
public sealed class DestinationCapabilitiesException(string message) : DltException(message);

/// <summary>A configuration value is missing or invalid.</summary>
public sealed class PipelineConfigException(string message) : DltException(message)
{
    /// <inheritdoc />
    public override string ErrorCode => "PipelineConfigMissing";
}

/// <summary>Raised by <see cref="LoadInfo.RaiseOnFailedJobs"/> when a package has failed jobs.</summary>
public sealed class DestinationHasFailedJobs(string destinationName, string loadId, IReadOnlyList<LoadJobInfo> failedJobs)
    : DltException($"Destination {destinationName} has failed jobs in load package {loadId}: " +
                   string.Join("; ", failedJobs.Select(j => $"{j.JobId}: {j.FailedMessage}")))
{
    /// <summary>The failed jobs.</summary>
    public IReadOnlyList<LoadJobInfo> FailedJobs { get; } = failedJobs;
}

/// <summary>Another process holds the pipeline's working folder.</summary>
public sealed class PipelineLockedException(string pipelineName, int holderPid, string lockFile)
    : DltException($"Pipeline `{pipelineName}` is being run by another process (pid {holderPid}); lock file {lockFile}. Wait for it to finish, or delete the lock file if that process is gone.");

/// <summary>Incremental cursor missing or null in an item.</summary>
public sealed class IncrementalCursorPathMissing(string resourceName, string cursorPath, string itemPosition)
    : DltException($"Resource `{resourceName}`: the incremental cursor path `{cursorPath}` is missing or null in item {itemPosition}. Use onCursorValueMissing: \"include\" or \"exclude\" to keep or drop such items.");
