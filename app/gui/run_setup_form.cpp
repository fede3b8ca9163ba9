#include "gui/run_setup_form.h"

#include "core/runname/run_name.h"
#include "core/runs/run_plan.h"
#include "gui/models/background.h"

#include <QAction>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>

namespace loadbench::gui {

namespace {

const BackendKind backends[] = {BackendKind::Builtin, BackendKind::K6, BackendKind::Compose};

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

} // namespace

RunSetupForm::RunSetupForm(const QList<QAction*>& actions, QWidget* parent)
    : QGroupBox("Run setup", parent) {
    auto* form = new QGridLayout(this);

    m_runName = new QLineEdit;
    m_runName->setObjectName("runName");
    m_runName->setClearButtonEnabled(true);
    m_runNameProblem = new QLabel;
    m_runNameProblem->setObjectName("runNameProblem");
    connect(m_runName, &QLineEdit::textChanged, this, &RunSetupForm::checkRunName);

    m_backend = new QComboBox;
    m_backend->setObjectName("backend");
    m_backendNames = {"builtin — loadbench-engine", "k6 — a k6 binary on PATH",
                      "compose — the workspace's Docker stack"};
    for (int i = 0; i < m_backendNames.size(); ++i)
        m_backend->addItem(m_backendNames[i], int(backends[i]));
    m_backendState = new QLabel;
    m_backendState->setObjectName("backendState");
    m_backendState->setWordWrap(true);
    connect(m_backend, &QComboBox::currentIndexChanged, this, [this] {
        showBackendState();
        saveChoices();
    });

    m_target = new QLineEdit;
    m_target->setObjectName("target");
    m_target->setPlaceholderText("the sample router, started for the run");
    m_target->setClearButtonEnabled(true);
    m_vus = new QSpinBox;
    m_vus->setObjectName("vus");
    m_vus->setRange(0, 100'000);
    m_vus->setSpecialValueText("as the script");
    m_instances = new QSpinBox;
    m_instances->setObjectName("instances");
    m_instances->setRange(0, maxInstances);
    m_instances->setSpecialValueText("one per core");
    m_instances->setToolTip("Processes that share each script's load by k6's execution segments, merged into "
                            "one run; builtin and k6 backends");
    m_duration = new QLineEdit;
    m_duration->setObjectName("duration");
    m_duration->setPlaceholderText("as the script, or like 30s");
    for (QLineEdit* edit : {m_target, m_duration})
        connect(edit, &QLineEdit::editingFinished, this, &RunSetupForm::saveChoices);
    for (QSpinBox* box : {m_vus, m_instances})
        connect(box, &QSpinBox::valueChanged, this, &RunSetupForm::saveChoices);

    form->addWidget(new QLabel("Run name"), 0, 0);
    form->addWidget(m_runName, 0, 1);
    form->addWidget(m_runNameProblem, 0, 2, 1, 3);
    form->addWidget(new QLabel("Backend"), 1, 0);
    form->addWidget(m_backend, 1, 1);
    form->addWidget(m_backendState, 1, 2, 1, 3);
    form->addWidget(new QLabel("Target"), 2, 0);
    form->addWidget(m_target, 2, 1);
    form->addWidget(new QLabel("VUs"), 2, 2);
    form->addWidget(m_vus, 2, 3);
    form->addWidget(new QLabel("Duration"), 3, 2);
    form->addWidget(m_duration, 3, 3);
    form->addWidget(new QLabel("Instances"), 3, 0);
    form->addWidget(m_instances, 3, 1);
    form->setColumnStretch(1, 2);
    form->setColumnStretch(4, 1);

    auto* buttons = new QHBoxLayout;
    for (QAction* action : actions) {
        auto* button = new QToolButton;
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        buttons->addWidget(button);
    }
    buttons->addStretch();
    form->addLayout(buttons, 4, 0, 1, 5);

    const QSettings settings;
    m_backend->setCurrentIndex(std::max(0, m_backend->findData(settings.value("run/backend", 0).toInt())));
    m_target->setText(settings.value("run/target").toString());
    m_vus->setValue(settings.value("run/vus", 0).toInt());
    m_instances->setValue(settings.value("run/instances", 1).toInt());
    m_duration->setText(settings.value("run/duration").toString());
}

void RunSetupForm::showWorkspace(const std::shared_ptr<const WorkspaceSnapshot>& workspace) {
    m_workspace = workspace;
    m_runName->setPlaceholderText(workspace->git ? "from the commit: " + text(workspace->git->runName())
                                                 : "type one: the workspace is not in a git repository");
    checkRunName();
    checkBackends();
}

QString RunSetupForm::runName() const {
    return m_runName->text().trimmed();
}

bool RunSetupForm::runNameUsable() const {
    return m_runNameProblem->text().isEmpty();
}

BackendKind RunSetupForm::backend() const {
    return BackendKind(m_backend->currentData().toInt());
}

std::string RunSetupForm::target() const {
    return m_target->text().trimmed().toStdString();
}

int RunSetupForm::instances() const {
    return m_instances->value();
}

LoadOverrides RunSetupForm::overrides() const {
    LoadOverrides overrides;
    if (m_vus->value() > 0)
        overrides.vus = m_vus->value();
    if (!m_duration->text().trimmed().isEmpty())
        overrides.duration = m_duration->text().trimmed().toStdString();
    return overrides;
}

void RunSetupForm::checkRunName() {
    const std::string name = runName().toStdString();
    std::optional<std::string> problem;
    if (!name.empty())
        problem = runNameProblem(name);
    else if (m_workspace && !m_workspace->git)
        problem =
            m_workspace->gitProblem.empty() ? "no git repository: type a run name" : m_workspace->gitProblem;
    m_runNameProblem->setText(problem ? text(*problem) : QString());
    emit runNameChecked();
}

void RunSetupForm::checkBackends() {
    if (!m_workspace)
        return;
    m_backendProblems.clear();
    showBackendState();
    const int request = ++m_backendCheck;
    runInBackground(
        this,
        [folder = m_workspace->folder] {
            // Each backend's preflight runs its tools' version checks: docker, compose, k6.
            QList<QStringList> problems;
            for (const BackendKind kind : backends) {
                QStringList lines;
                for (const std::string& problem : makeBackend(kind, folder)->preflight())
                    lines << text(problem);
                problems << lines;
            }
            return problems;
        },
        [this, request](const QList<QStringList>& problems) {
            if (request != m_backendCheck)
                return;
            m_backendProblems = problems;
            for (int i = 0; i < m_backend->count() && i < problems.size(); ++i) {
                m_backend->setItemText(i, m_backendNames[i] +
                                              (problems[i].isEmpty() ? " · ready" : " · not available"));
                m_backend->setItemData(i, problems[i].join("\n"), Qt::ToolTipRole);
            }
            showBackendState();
        });
}

void RunSetupForm::showBackendState() {
    m_target->setEnabled(backend() != BackendKind::Compose);
    m_instances->setEnabled(backend() != BackendKind::Compose); // the stack runs its one k6
    const int index = m_backend->currentIndex();
    if (index < 0 || index >= m_backendProblems.size())
        m_backendState->setText("checking…");
    else
        m_backendState->setText(m_backendProblems[index].isEmpty() ? "ready"
                                                                   : m_backendProblems[index].join("; "));
}

void RunSetupForm::saveChoices() const {
    QSettings settings;
    settings.setValue("run/backend", m_backend->currentData());
    settings.setValue("run/target", m_target->text());
    settings.setValue("run/vus", m_vus->value());
    settings.setValue("run/instances", m_instances->value());
    settings.setValue("run/duration", m_duration->text());
}

} // namespace loadbench::gui
