"""Student-side helpers and data for the 'Improving Deep Neural Networks' assignments.

Modules:
    data             -- loaders for the course datasets (HDF5 files shipped in ``files/``)
    builders         -- the deterministic builders that wrote those files
    three_layer_net  -- the LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID network the notebooks train
    gradient_check   -- relative error, centered differences, parameter dict <-> vector
    fraud_network    -- the gradient-checking assignment's network, its backward pass with planted bugs
    distributions    -- the train/dev/test lesson's logistic regression on picture features
    batch_norm_net   -- a deep network with optional batch normalization (the step itself passed in)
    search           -- hyperparameter search helpers: trials, a linear grid, the trials' plot
    plots            -- cost curves and decision boundaries
    public_checks    -- the readable checks in the notebooks' test cells, naming typical mistakes
    grading_mode     -- what changes when the course's grader runs a notebook
    report           -- the results table at the end of each notebook

Nothing here is a solution to a graded exercise. A few helpers compute what an exercise asks for
(``three_layer_net.initialize_parameters`` and ``update_parameters``, the estimates and errors of
``gradient_check``, ``search.run_trials``), because the notebooks train and check with them: a graded
function that calls one of them gets no points for it.
"""
