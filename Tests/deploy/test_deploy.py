"""Checks of the deployment files: Dockerfile, docker compose + nginx, CloudFormation, CI workflow.

No Docker engine and no AWS account are needed: cfn-lint validates every template, the templates
are parsed and their key properties asserted (so a change that breaks the architecture fails
here), the compose file is checked by `docker compose config` where that client works, and by
parsing it otherwise, and the Dockerfile is checked to install with the same scripts as CI.

Run: scripts/install-python-tools.sh && python3 -m pytest Tests/deploy
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
AWS = DEPLOY / "aws"
TEMPLATES = sorted(AWS.glob("*.yaml"))
ENVIRONMENTS = ("dev", "staging", "prod")
WRITABLE_PATHS = {"/app/uploads", "/app/output", "/app/logs", "/app/state", "/home/app/.cache"}
INSTALL_SCRIPTS = ("scripts/install-system-packages.sh", "scripts/install-whisper.sh", "scripts/install-models.sh")
BRIEF_VARIABLES = (
    "VTRANS_HOST", "VTRANS_PORT", "VTRANS_DATA_DIR", "VTRANS_MODELS_DIR", "VTRANS_MAX_UPLOAD_BYTES",
    "VTRANS_WORKERS", "VTRANS_DATABASE_URL", "VTRANS_S3_BUCKET", "VTRANS_S3_ENDPOINT",
    "VTRANS_CORS_ORIGINS", "VTRANS_LOG_LEVEL", "VTRANS_RATE_LIMIT_PER_MINUTE",
)
TWO_GIB = 2147483648


# ------------------------------------------------------------------------------------------------
# A CloudFormation-aware YAML loader: short-form tags become their long form
# (!Ref X -> {"Ref": "X"}, !GetAtt A.B -> {"Fn::GetAtt": ["A", "B"]}, !Sub s -> {"Fn::Sub": s}).
# ------------------------------------------------------------------------------------------------
class CfnLoader(yaml.SafeLoader):
    pass


def _cfn_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "Condition":
        return {"Condition": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


CfnLoader.add_multi_constructor("!", _cfn_tag)


def load_template(name: str) -> dict:
    return yaml.load((AWS / name).read_text(), Loader=CfnLoader)


@pytest.fixture(scope="module")
def main() -> dict:
    return load_template("main.yaml")


@pytest.fixture(scope="module")
def network() -> dict:
    return load_template("network.yaml")


@pytest.fixture(scope="module")
def storage() -> dict:
    return load_template("storage.yaml")


@pytest.fixture(scope="module")
def service() -> dict:
    return load_template("service.yaml")


def resources_of(template: dict, kind: str) -> dict[str, dict]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def one_of(template: dict, kind: str) -> dict:
    found = resources_of(template, kind)
    assert len(found) == 1, f"expected one {kind}, found {sorted(found)}"
    return next(iter(found.values()))["Properties"]


def ref(name: str) -> dict:
    return {"Ref": name}


def env_config(main: dict, environment: str) -> dict:
    return main["Mappings"]["EnvironmentConfig"][environment]


def cfn_lint_command() -> list[str]:
    exe = shutil.which("cfn-lint")
    if exe:
        return [exe]
    return [sys.executable, "-c", "import sys, cfnlint.runner; sys.exit(cfnlint.runner.main())"]


# ------------------------------------------------------------------------------------------------
# cfn-lint
# ------------------------------------------------------------------------------------------------
def test_templates_exist():
    names = {t.name for t in TEMPLATES}
    assert {"main.yaml", "network.yaml", "storage.yaml", "service.yaml"} <= names


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_cfn_lint_passes(template: Path):
    result = subprocess.run(
        cfn_lint_command() + ["--format", "parseable", str(template)],
        cwd=AWS, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"cfn-lint {template.name} exited {result.returncode}:\n{result.stdout}{result.stderr}"
    assert result.stdout.strip() == "", result.stdout


def test_cfn_lint_ignores_only_the_package_warning(main):
    """Nested stacks use local TemplateURLs on purpose (deploy.sh packages them); nothing else is silenced."""
    for text in (t.read_text() for t in TEMPLATES):
        for ignored in re.findall(r"ignore_checks:\s*\[([^\]]*)\]", text):
            assert [c.strip() for c in ignored.split(",")] == ["W3002"]
    for name, res in resources_of(main, "AWS::CloudFormation::Stack").items():
        url = res["Properties"]["TemplateURL"]
        assert (AWS / url).is_file(), f"{name}: {url} does not exist"


# ------------------------------------------------------------------------------------------------
# Root stack: environments and wiring
# ------------------------------------------------------------------------------------------------
def test_environment_parameter_and_mapping(main):
    assert main["Parameters"]["Environment"]["AllowedValues"] == list(ENVIRONMENTS)
    mapping = main["Mappings"]["EnvironmentConfig"]
    assert set(mapping) == set(ENVIRONMENTS)
    keys = set(mapping["prod"])
    for environment in ENVIRONMENTS:
        assert set(mapping[environment]) == keys, f"{environment} sizes different things"
    for required in ("DesiredCount", "MinCapacity", "MaxCapacity", "NatGatewayCount", "FargateSpot", "LogRetentionDays"):
        assert required in keys


def test_environment_sizes(main):
    dev, staging, prod = (env_config(main, e) for e in ENVIRONMENTS)
    # prod is the brief's architecture: 2 x (2 vCPU, 8 GB), 1-10 tasks, a NAT gateway per AZ, on-demand.
    assert (prod["TaskCpu"], prod["TaskMemory"], prod["DesiredCount"]) == (2048, 8192, 2)
    assert (prod["MinCapacity"], prod["MaxCapacity"]) == (1, 10)
    assert prod["NatGatewayCount"] == 2 and prod["FargateSpot"] == "false"
    # dev and staging: one NAT gateway, Spot.
    for cheap in (dev, staging):
        assert cheap["NatGatewayCount"] == 1 and cheap["FargateSpot"] == "true"
    assert dev["LogRetentionDays"] < staging["LogRetentionDays"] < prod["LogRetentionDays"]
    for env in (dev, staging, prod):
        assert 1 <= env["MinCapacity"] <= env["DesiredCount"] <= env["MaxCapacity"] <= 10
        assert env["MinCapacity"] <= env["BusinessHoursMinCapacity"] <= env["BusinessHoursMaxCapacity"] <= env["MaxCapacity"]
        assert env["OffHoursMinCapacity"] <= env["OffHoursMaxCapacity"] <= env["MaxCapacity"]
        assert env["OnDemandBaseCount"] <= env["MaxCapacity"]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_mapping_values_are_allowed_by_the_nested_stacks(main, network, service, environment):
    env = env_config(main, environment)
    assert env["NatGatewayCount"] in network["Parameters"]["NatGatewayCount"]["AllowedValues"]
    assert env["LogRetentionDays"] in network["Parameters"]["FlowLogRetentionDays"]["AllowedValues"]
    for key in ("TaskCpu", "TaskMemory", "LogRetentionDays", "LogLevel", "ContainerInsights"):
        assert env[key] in service["Parameters"][key]["AllowedValues"], key
    # Fargate's valid CPU/memory pairs for the sizes used.
    valid = {1024: range(2048, 8193, 1024), 2048: range(4096, 16385, 1024), 4096: range(8192, 30721, 1024)}
    assert env["TaskMemory"] in valid[env["TaskCpu"]]


def test_nested_stacks_get_every_required_parameter(main):
    for name, res in resources_of(main, "AWS::CloudFormation::Stack").items():
        child = load_template(res["Properties"]["TemplateURL"].removeprefix("./"))
        given = set(res["Properties"].get("Parameters", {}))
        required = {p for p, spec in child.get("Parameters", {}).items() if "Default" not in spec}
        assert required <= given, f"{name} misses {sorted(required - given)}"
        assert given <= set(child.get("Parameters", {})), f"{name} passes unknown {sorted(given - set(child['Parameters']))}"


def test_service_stack_waits_for_an_image(main):
    assert main["Resources"]["ServiceStack"]["Condition"] == "HasImage"
    assert main["Parameters"]["ImageTag"]["Default"] == ""


# ------------------------------------------------------------------------------------------------
# Network
# ------------------------------------------------------------------------------------------------
def subnet_az_index(subnet: dict) -> int:
    return subnet["Properties"]["AvailabilityZone"]["Fn::Select"][0]


def test_vpc_and_subnets(network):
    assert one_of(network, "AWS::EC2::VPC")["CidrBlock"] == "10.0.0.0/16"
    subnets = resources_of(network, "AWS::EC2::Subnet")
    cidrs = {s["Properties"]["CidrBlock"]: s for s in subnets.values()}
    assert set(cidrs) == {"10.0.101.0/24", "10.0.102.0/24", "10.0.1.0/24", "10.0.2.0/24"}
    # Two AZs, one public and one private subnet in each.
    assert {subnet_az_index(cidrs["10.0.101.0/24"]), subnet_az_index(cidrs["10.0.102.0/24"])} == {0, 1}
    assert {subnet_az_index(cidrs["10.0.1.0/24"]), subnet_az_index(cidrs["10.0.2.0/24"])} == {0, 1}
    for cidr in ("10.0.1.0/24", "10.0.2.0/24"):
        assert cidrs[cidr]["Properties"].get("MapPublicIpOnLaunch", False) is False


def test_private_subnets_route_through_nat_gateways(network):
    nats = resources_of(network, "AWS::EC2::NatGateway")
    assert len(nats) == 2
    conditional = [n for n, r in nats.items() if r.get("Condition") == "TwoNatGateways"]
    assert len(conditional) == 1, "the second NAT gateway exists only with NatGatewayCount 2"
    routes = resources_of(network, "AWS::EC2::Route")
    nat_routes = [r["Properties"] for r in routes.values() if "NatGatewayId" in r["Properties"]]
    assert len(nat_routes) == 2
    assert all(r["DestinationCidrBlock"] == "0.0.0.0/0" for r in nat_routes)
    igw_routes = [r["Properties"] for r in routes.values() if "GatewayId" in r["Properties"]]
    assert len(igw_routes) == 1 and igw_routes[0]["DestinationCidrBlock"] == "0.0.0.0/0"
    assert network["Conditions"]["TwoNatGateways"] == {"Fn::Equals": [ref("NatGatewayCount"), 2]}


def test_security_groups(network):
    groups = resources_of(network, "AWS::EC2::SecurityGroup")
    alb = groups["AlbSecurityGroup"]["Properties"]
    tasks = groups["TaskSecurityGroup"]["Properties"]

    alb_in = {(r["IpProtocol"], r["FromPort"], r["ToPort"], r.get("CidrIp")) for r in alb["SecurityGroupIngress"]}
    assert alb_in == {("tcp", 80, 80, "0.0.0.0/0"), ("tcp", 443, 443, "0.0.0.0/0")}

    assert len(tasks["SecurityGroupIngress"]) == 1
    rule = tasks["SecurityGroupIngress"][0]
    assert rule["SourceSecurityGroupId"] == ref("AlbSecurityGroup")
    assert "CidrIp" not in rule and "CidrIpv6" not in rule
    assert rule["FromPort"] == rule["ToPort"] == ref("AppPort")
    assert network["Parameters"]["AppPort"]["Default"] == 8000

    # The ALB reaches only the tasks: its inline egress is loopback-only, the real rule targets the task SG.
    assert all(r["CidrIp"] == "127.0.0.1/32" for r in alb["SecurityGroupEgress"])
    egress = [r["Properties"] for r in resources_of(network, "AWS::EC2::SecurityGroupEgress").values()]
    assert egress == [{**egress[0], "GroupId": ref("AlbSecurityGroup"), "DestinationSecurityGroupId": ref("TaskSecurityGroup")}]
    # No other ingress rule anywhere.
    assert not resources_of(network, "AWS::EC2::SecurityGroupIngress")


# ------------------------------------------------------------------------------------------------
# Storage: S3, ECR, Secrets Manager
# ------------------------------------------------------------------------------------------------
def test_bucket(storage):
    bucket = one_of(storage, "AWS::S3::Bucket")
    assert bucket["VersioningConfiguration"]["Status"] == "Enabled"
    sse = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert sse["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True,
    }
    rules = [r for r in bucket["LifecycleConfiguration"]["Rules"] if r["Status"] == "Enabled"]
    transitions = {t["StorageClass"]: t["TransitionInDays"] for r in rules for t in r.get("Transitions", [])}
    assert transitions == {"STANDARD_IA": 30, "GLACIER": 90, "DEEP_ARCHIVE": 365}
    noncurrent = [r["NoncurrentVersionExpiration"]["NoncurrentDays"] for r in rules if "NoncurrentVersionExpiration" in r]
    assert noncurrent == [30]


def test_bucket_refuses_plain_http(storage):
    policy = one_of(storage, "AWS::S3::BucketPolicy")["PolicyDocument"]["Statement"]
    assert any(s["Effect"] == "Deny" and s["Condition"]["Bool"]["aws:SecureTransport"] == "false" for s in policy)


def test_ecr_repository(storage):
    repo = one_of(storage, "AWS::ECR::Repository")
    assert repo["ImageScanningConfiguration"]["ScanOnPush"] is True
    rules = json.loads(repo["LifecyclePolicy"]["LifecyclePolicyText"])["rules"]
    untagged = [r for r in rules if r["selection"]["tagStatus"] == "untagged"]
    assert len(untagged) == 1
    selection = untagged[0]["selection"]
    assert (selection["countType"], selection["countUnit"], selection["countNumber"]) == ("sinceImagePushed", "days", 7)
    assert untagged[0]["action"]["type"] == "expire"
    # ECR evaluates rules by priority; an "any" rule must come last.
    priorities = [r["rulePriority"] for r in rules if r["selection"]["tagStatus"] == "any"]
    assert all(p == max(r["rulePriority"] for r in rules) for p in priorities)


def test_secret(storage):
    secret = one_of(storage, "AWS::SecretsManager::Secret")
    template = json.loads(secret["GenerateSecretString"]["SecretStringTemplate"])
    assert "VTRANS_DATABASE_URL" in template
    assert set(storage["Outputs"]) >= {"BucketName", "BucketArn", "RepositoryUri", "RepositoryArn", "SecretArn"}


# ------------------------------------------------------------------------------------------------
# Service: ALB, ECS, IAM, scaling, alarms
# ------------------------------------------------------------------------------------------------
def attributes(props: dict, key: str) -> dict[str, str]:
    return {a["Key"]: a["Value"] for a in props[key]}


def test_load_balancer(service):
    alb = one_of(service, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    assert alb["Scheme"] == "internet-facing"
    assert alb["Subnets"] == ref("PublicSubnetIds")
    assert int(attributes(alb, "LoadBalancerAttributes")["idle_timeout.timeout_seconds"]) >= 600


def test_listeners(service):
    listeners = {r["Properties"]["Port"]: r["Properties"] for r in resources_of(service, "AWS::ElasticLoadBalancingV2::Listener").values()}
    assert set(listeners) == {80, 443}
    redirect = listeners[80]["DefaultActions"][0]
    assert redirect["Type"] == "redirect"
    assert redirect["RedirectConfig"]["Protocol"] == "HTTPS"
    assert redirect["RedirectConfig"]["Port"] == "443"
    assert redirect["RedirectConfig"]["StatusCode"] == "HTTP_301"
    https = listeners[443]
    assert https["Protocol"] == "HTTPS"
    # TLS 1.2 and 1.3 only.
    assert https["SslPolicy"] in {"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS-1-2-2017-01"}
    assert https["Certificates"] == [{"CertificateArn": ref("CertificateArn")}]
    assert https["DefaultActions"][0]["Type"] == "forward"


def test_target_group_health_check(service):
    tg = one_of(service, "AWS::ElasticLoadBalancingV2::TargetGroup")
    assert (tg["Port"], tg["Protocol"], tg["TargetType"]) == (8000, "HTTP", "ip")
    assert tg["HealthCheckPath"] == "/health"
    assert tg["HealthCheckIntervalSeconds"] == 30
    assert tg["HealthCheckTimeoutSeconds"] == 10
    assert tg["HealthyThresholdCount"] == 2
    assert tg["UnhealthyThresholdCount"] == 5


def test_task_definition(service):
    task = one_of(service, "AWS::ECS::TaskDefinition")
    params = service["Parameters"]
    assert task["RequiresCompatibilities"] == ["FARGATE"] and task["NetworkMode"] == "awsvpc"
    assert task["Cpu"] == ref("TaskCpu") and params["TaskCpu"]["Default"] == 2048
    assert task["Memory"] == ref("TaskMemory") and params["TaskMemory"]["Default"] == 8192
    assert task["EphemeralStorage"]["SizeInGiB"] == ref("EphemeralStorageGiB") and params["EphemeralStorageGiB"]["Default"] == 20
    assert task["ExecutionRoleArn"] == {"Fn::GetAtt": ["ExecutionRole", "Arn"]}
    assert task["TaskRoleArn"] == {"Fn::GetAtt": ["TaskRole", "Arn"]}

    [container] = task["ContainerDefinitions"]
    assert container["Name"] == "vtrans"
    assert container["PortMappings"] == [{"ContainerPort": 8000, "Protocol": "tcp"}]
    assert container["ReadonlyRootFilesystem"] is True
    assert container.get("Privileged", False) is False
    mounts = {m["ContainerPath"] for m in container["MountPoints"]}
    assert mounts == WRITABLE_PATHS | {"/tmp"}
    assert {v["Name"] for v in task["Volumes"]} == {m["SourceVolume"] for m in container["MountPoints"]}
    assert "/health" in " ".join(container["HealthCheck"]["Command"])
    assert container["LogConfiguration"]["LogDriver"] == "awslogs"
    assert container["LogConfiguration"]["Options"]["awslogs-group"] == ref("LogGroup")
    env = {e["Name"]: e["Value"] for e in container["Environment"]}
    assert env["VTRANS_PORT"] == "8000" and env["VTRANS_S3_BUCKET"] == ref("BucketName")
    assert params["MaxUploadBytes"]["Default"] == TWO_GIB


def test_service_deployment(service):
    svc = one_of(service, "AWS::ECS::Service")
    assert svc["DesiredCount"] == ref("DesiredCount")
    assert svc["DeploymentConfiguration"]["DeploymentCircuitBreaker"] == {"Enable": True, "Rollback": True}
    vpc = svc["NetworkConfiguration"]["AwsvpcConfiguration"]
    assert vpc["AssignPublicIp"] == "DISABLED"
    assert vpc["Subnets"] == ref("PrivateSubnetIds")
    assert vpc["SecurityGroups"] == [ref("TaskSecurityGroupId")]
    assert svc["LoadBalancers"] == [{"ContainerName": "vtrans", "ContainerPort": 8000, "TargetGroupArn": ref("TargetGroup")}]


def test_fargate_spot_is_optional(service):
    svc = one_of(service, "AWS::ECS::Service")
    assert svc["LaunchType"] == {"Fn::If": ["UseSpot", ref("AWS::NoValue"), "FARGATE"]}
    condition, strategy, otherwise = svc["CapacityProviderStrategy"]["Fn::If"]
    assert condition == "UseSpot" and otherwise == ref("AWS::NoValue")
    assert {s["CapacityProvider"] for s in strategy} == {"FARGATE", "FARGATE_SPOT"}
    cluster = one_of(service, "AWS::ECS::Cluster")
    assert set(cluster["CapacityProviders"]) == {"FARGATE", "FARGATE_SPOT"}


def test_auto_scaling(service):
    target = one_of(service, "AWS::ApplicationAutoScaling::ScalableTarget")
    params = service["Parameters"]
    assert target["MinCapacity"] == ref("MinCapacity") and params["MinCapacity"]["Default"] == 1
    assert target["MaxCapacity"] == ref("MaxCapacity") and params["MaxCapacity"]["Default"] == 10
    assert target["ScalableDimension"] == "ecs:service:DesiredCount"

    policies = {}
    for res in resources_of(service, "AWS::ApplicationAutoScaling::ScalingPolicy").values():
        config = res["Properties"]["TargetTrackingScalingPolicyConfiguration"]
        policies[config["PredefinedMetricSpecification"]["PredefinedMetricType"]] = config
    assert policies["ECSServiceAverageCPUUtilization"]["TargetValue"] == 70
    assert policies["ECSServiceAverageMemoryUtilization"]["TargetValue"] == 80
    for config in policies.values():
        assert config["ScaleInCooldown"] == 300 and config["ScaleOutCooldown"] == 300

    schedules = {a["Schedule"]: a for a in target["ScheduledActions"]}
    assert set(schedules) == {"cron(0 9 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)"}
    assert schedules["cron(0 9 ? * MON-FRI *)"]["ScalableTargetAction"]["MinCapacity"] == ref("BusinessHoursMinCapacity")
    assert schedules["cron(0 18 ? * MON-FRI *)"]["ScalableTargetAction"]["MaxCapacity"] == ref("OffHoursMaxCapacity")


def test_alarms_notify_the_topic(service):
    alarms = [r["Properties"] for r in resources_of(service, "AWS::CloudWatch::Alarm").values()]
    metrics = {(a["Namespace"], a["MetricName"]) for a in alarms}
    assert metrics >= {
        ("AWS/ECS", "CPUUtilization"),
        ("AWS/ECS", "MemoryUtilization"),
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
        ("AWS/ApplicationELB", "UnHealthyHostCount"),
    }
    topic = next(iter(resources_of(service, "AWS::SNS::Topic")))
    for alarm in alarms:
        assert alarm["AlarmActions"] == [ref(topic)], alarm["AlarmName"]
    log_group = one_of(service, "AWS::Logs::LogGroup")
    assert log_group["RetentionInDays"] == ref("LogRetentionDays")


def policy_statements(role: dict) -> list[dict]:
    return [s for p in role["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]]


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_task_role_is_least_privilege(service):
    role = service["Resources"]["TaskRole"]
    assert "ManagedPolicyArns" not in role["Properties"]
    for statement in policy_statements(role):
        assert statement["Effect"] == "Allow"
        for resource in as_list(statement["Resource"]):
            assert resource in (ref("BucketArn"), {"Fn::Sub": "${BucketArn}/*"}, ref("SecretArn")), statement["Sid"]
        for action in as_list(statement["Action"]):
            assert "*" not in action, f"{statement['Sid']}: wildcard action {action}"
            assert action.split(":")[0] in ("s3", "secretsmanager")


def test_execution_role_is_least_privilege(service):
    role = service["Resources"]["ExecutionRole"]
    assert "ManagedPolicyArns" not in role["Properties"]
    for statement in policy_statements(role):
        actions = as_list(statement["Action"])
        if statement["Resource"] == "*":
            assert actions == ["ecr:GetAuthorizationToken"], "only the registry token needs Resource *"
        for action in actions:
            assert "*" not in action
    resources = [r for s in policy_statements(role) for r in as_list(s["Resource"])]
    assert ref("RepositoryArn") in resources and ref("SecretArn") in resources


# ------------------------------------------------------------------------------------------------
# Dockerfile
# ------------------------------------------------------------------------------------------------
def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    lines, current = [], ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or not stripped:
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        lines.append(current)
        current = ""
    out = []
    for line in lines:
        instruction, _, rest = line.partition(" ")
        out.append((instruction.upper(), rest.strip()))
    return out


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for instruction, args in dockerfile_instructions():
        if instruction == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((instruction, args))
    return stages


def test_dockerfile_is_multi_stage():
    args = {a.split("=")[0]: a.split("=", 1)[1] for i, a in dockerfile_instructions() if i == "ARG" and "=" in a}
    froms = [a for i, a in dockerfile_instructions() if i == "FROM"]
    assert len(froms) == 2
    assert re.fullmatch(r"swift:6[\w.-]*bookworm[\w.-]*", args["SWIFT_IMAGE"])
    assert args["RUNTIME_IMAGE"] == "debian:bookworm-slim"
    assert froms[0] == "${SWIFT_IMAGE} AS build" and froms[1] == "${RUNTIME_IMAGE} AS runtime"


def test_dockerfile_installs_with_the_ci_scripts():
    build, runtime = dockerfile_stages()
    build_runs = " ".join(a for i, a in build if i == "RUN")
    for script in INSTALL_SCRIPTS:
        assert script in build_runs, f"the build stage does not RUN {script}"
    assert re.search(r"install-system-packages\.sh build\b", build_runs)
    runtime_runs = " ".join(a for i, a in runtime if i == "RUN")
    assert re.search(r"install-system-packages\.sh runtime\b", runtime_runs)
    assert "install-whisper" not in runtime_runs and "swift build" not in runtime_runs

    # CI runs the same scripts.
    workflow = (ROOT / ".github/workflows/deploy.yml").read_text()
    for script in INSTALL_SCRIPTS + ("scripts/install-python-tools.sh", "scripts/test.sh"):
        assert script in workflow, f"CI does not run {script}"


@pytest.mark.parametrize("script", INSTALL_SCRIPTS)
def test_install_scripts_exist(script):
    path = ROOT / script
    assert path.is_file(), f"{script} is run by the Dockerfile and CI but is missing"
    assert os.access(path, os.X_OK), f"{script} is not executable"


def test_dockerfile_runtime_stage():
    _, runtime = dockerfile_stages()
    by = {}
    for instruction, args in runtime:
        by.setdefault(instruction, []).append(args)
    user = by["USER"][-1]
    assert user.split(":")[0] not in ("root", "0"), "the runtime image must not run as root"
    assert json.loads(by["CMD"][-1]) == ["vtrans", "serve", "--host", "0.0.0.0", "--port", "8000"]
    [healthcheck] = by["HEALTHCHECK"]
    assert "http://localhost:8000/health" in healthcheck
    assert by["EXPOSE"] == ["8000"]
    assert set(json.loads(by["VOLUME"][-1])) == WRITABLE_PATHS
    env = " ".join(by["ENV"])
    assert "VTRANS_DATA_DIR=/app" in env and "VTRANS_MODELS_DIR=/opt/vtrans/models" in env
    assert f"VTRANS_MAX_UPLOAD_BYTES={TWO_GIB}" in env
    copies = " ".join(by["COPY"])
    assert "--from=build" in copies


def test_dockerfile_ships_every_executable_product():
    """The image ships every executable of Package.swift (so every plugin.yaml it copies has its
    executable) and fails to build when one the service needs is missing."""
    build, _ = dockerfile_stages()
    args = {a.split("=")[0]: a.split("=", 1)[1].strip('"') for i, a in build if i == "ARG" and "=" in a}
    required = set(args["VTRANS_REQUIRED_PRODUCTS"].split())
    assert required == {"vtrans", "vtrans-decoder", "vtrans-import", "vtrans-subtitles", "vtrans-muxer",
                        "vtrans-recognizer", "vtrans-translator"}
    runs = " ".join(a for i, a in build if i == "RUN")
    assert "swift package describe --type json" in runs and "/src/.executables" in runs
    assert re.search(r"swift build -c release --static-swift-stdlib(?! --product)", runs)
    assert re.search(r"install -m 0755 \S+ /staging/usr/local/bin/; done < /src/\.executables", runs)


def test_dockerignore_keeps_what_the_build_needs():
    ignored = [l.strip() for l in (ROOT / ".dockerignore").read_text().splitlines() if l.strip() and not l.startswith("#")]
    for needed in ("Package.swift", "Sources", "plugins", "pipelines", "scripts", "Tests"):
        assert needed not in ignored and needed + "/" not in ignored
    for secret in (".env", ".git", ".build"):
        assert secret in ignored


def test_runtime_system_packages_resolve():
    """The runtime profile the image installs resolves on this Debian (idempotent: no-op when present)."""
    if os.geteuid() != 0:
        pytest.skip("installing Debian packages needs root")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts/install-system-packages.sh"), "runtime"],
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    again = subprocess.run(
        ["bash", str(ROOT / "scripts/install-system-packages.sh"), "runtime"],
        capture_output=True, text=True, timeout=120,
    )
    assert again.returncode == 0 and "all present" in again.stdout


def test_python_tools_script_is_idempotent():
    result = subprocess.run(["bash", str(ROOT / "scripts/install-python-tools.sh")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all present" in result.stdout


# ------------------------------------------------------------------------------------------------
# docker compose, nginx, .env.example
# ------------------------------------------------------------------------------------------------
COMPOSE = DEPLOY / "docker-compose.yml"


def compose_plugin_works() -> bool:
    docker = shutil.which("docker")
    if not docker:
        return False
    probe = subprocess.run([docker, "compose", "version"], capture_output=True, text=True)
    return probe.returncode == 0


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.mark.skipif(not compose_plugin_works(), reason="docker compose client plugin not installed")
@pytest.mark.parametrize("profile", [None, "production", "postgres"])
def test_docker_compose_config(tmp_path, profile):
    """`docker compose config` needs no engine: it resolves and validates the file."""
    work = tmp_path / "deploy"
    shutil.copytree(DEPLOY, work, ignore=shutil.ignore_patterns("aws"))
    (work / ".env").write_text((DEPLOY / ".env.example").read_text() + "\nPOSTGRES_PASSWORD=test\n")
    command = ["docker", "compose", "--project-directory", str(work), "-f", str(work / "docker-compose.yml")]
    if profile:
        command += ["--profile", profile]
    result = subprocess.run(command + ["config", "--quiet"], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "COMPOSE_PROJECT_NAME": "vtrans-test"})
    assert result.returncode == 0, result.stderr


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, timeout=120)


def test_compose_file_matches_the_compose_specification():
    """Schema check that needs no Docker: the Compose Specification schema vendored by check-jsonschema."""
    pytest.importorskip("check_jsonschema", reason="run scripts/install-python-tools.sh")
    result = check_jsonschema("vendor.compose-spec", COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_app_service(compose):
    app = compose["services"]["app"]
    assert app["build"]["context"] == ".."
    assert (DEPLOY / app["build"]["context"] / app["build"]["dockerfile"]).is_file()
    assert "profiles" not in app, "the app runs in every profile"
    assert any(str(p).endswith(":8000") for p in app["ports"])
    assert app["env_file"] in (".env", [".env"])
    assert (DEPLOY / ".env.example").is_file(), ".env is made from .env.example"
    assert app["read_only"] is True
    assert any(t.split(":")[0] == "/tmp" for t in app["tmpfs"])
    volumes = {v.split(":")[1]: v.split(":")[0] for v in app["volumes"]}
    assert volumes["/app/uploads"] == "./uploads"
    assert volumes["/app/output"] == "./output"
    assert volumes["/app/logs"] == "./logs"
    assert set(volumes) == WRITABLE_PATHS
    named = {source for source in volumes.values() if not source.startswith(".")}
    assert "model-cache" in named and named <= set(compose["volumes"])
    assert "/health" in " ".join(app["healthcheck"]["test"])
    assert app["depends_on"]["postgres"]["required"] is False


def test_compose_production_profile(compose):
    nginx = compose["services"]["nginx"]
    assert nginx["profiles"] == ["production"]
    assert {str(p) for p in nginx["ports"]} == {"80:80", "443:443"}
    mounts = {v.split(":")[1]: v.split(":")[0] for v in nginx["volumes"]}
    config = mounts["/etc/nginx/conf.d/default.conf"]
    assert (DEPLOY / config).resolve() == (DEPLOY / "nginx/vtrans.conf").resolve()
    assert "/etc/nginx/certs" in mounts


def test_compose_postgres_profile(compose):
    pg = compose["services"]["postgres"]
    assert pg["profiles"] == ["postgres"]
    assert re.fullmatch(r"postgres:15(\.\d+)?(-[\w.]+)?", pg["image"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in pg["volumes"])
    assert "VTRANS_DATABASE_URL=postgres://" in (DEPLOY / ".env.example").read_text().replace("# ", "")


def test_compose_paths_exist(compose):
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./") and source.count("/") > 1:  # a file or directory shipped in the repo
                assert (DEPLOY / source).exists(), source


def test_nginx_config_text():
    conf = (DEPLOY / "nginx/vtrans.conf").read_text()
    assert re.search(r"listen 80\b", conf) and re.search(r"return 301 https://\$host\$request_uri", conf)
    assert re.search(r"listen 443 ssl\b", conf)
    assert "ssl_certificate     /etc/nginx/certs/" in conf and "ssl_certificate_key /etc/nginx/certs/" in conf
    assert re.search(r"ssl_protocols\s+TLSv1\.2 TLSv1\.3;", conf)
    assert re.search(r"client_max_body_size\s+2g;", conf)
    assert re.search(r"proxy_request_buffering\s+off;", conf)
    assert "server app:8000;" in conf
    events = re.search(r"location ~ \^/api/jobs/\[\^/\]\+/events\$ \{(.*?)\}", conf, re.S)
    assert events, "no WebSocket location for /api/jobs/{id}/events"
    assert "proxy_set_header Upgrade    $http_upgrade;" in events.group(1)
    assert "proxy_set_header Connection $connection_upgrade;" in events.group(1)
    assert int(re.search(r"proxy_read_timeout (\d+)s", events.group(1)).group(1)) >= 900


@pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"), reason="nginx or openssl not installed")
def test_nginx_config_is_valid(tmp_path):
    """`nginx -t` on the real file, with the upstream and certificate paths pointed at local stand-ins."""
    conf = (DEPLOY / "nginx/vtrans.conf").read_text()
    conf = conf.replace("server app:8000;", "server 127.0.0.1:8000;").replace("/etc/nginx/certs", str(tmp_path))
    (tmp_path / "vtrans.conf").write_text(conf)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True,
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{ include {tmp_path}/vtrans.conf; }}\n"
    )
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_env_example_documents_every_variable():
    text = (DEPLOY / ".env.example").read_text()
    for variable in BRIEF_VARIABLES:
        assert re.search(rf"^#?\s*{variable}=", text, re.M), f"{variable} is not documented in deploy/.env.example"
    assert re.search(rf"^VTRANS_MAX_UPLOAD_BYTES={TWO_GIB}$", text, re.M)
    assert re.search(r"^VTRANS_PORT=8000$", text, re.M)


# ------------------------------------------------------------------------------------------------
# CI workflow and names shared with the templates
# ------------------------------------------------------------------------------------------------
def test_workflow_matches_the_github_schema():
    pytest.importorskip("check_jsonschema", reason="run scripts/install-python-tools.sh")
    result = check_jsonschema("vendor.github-workflows", ROOT / ".github/workflows/deploy.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow(service):
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text())
    jobs = workflow["jobs"]
    assert list(jobs) == ["build-and-test", "image", "deploy"]
    assert jobs["image"]["needs"] == "build-and-test" and jobs["deploy"]["needs"] == "image"
    for name in ("image", "deploy"):
        assert jobs[name]["permissions"]["id-token"] == "write", f"{name} must use OIDC"
    uses = [s.get("uses", "") for job in jobs.values() for s in job["steps"]]
    assert any(u.startswith("aws-actions/configure-aws-credentials@") for u in uses)
    assert any(u.startswith("aws-actions/amazon-ecs-render-task-definition@") for u in uses)
    deploy = next(s for s in jobs["deploy"]["steps"] if s.get("uses", "").startswith("aws-actions/amazon-ecs-deploy-task-definition@"))
    assert deploy["with"]["wait-for-service-stability"] is True
    # Names the workflow assumes are the ones the templates create.
    assert workflow["env"]["CONTAINER_NAME"] == one_of(service, "AWS::ECS::TaskDefinition")["ContainerDefinitions"][0]["Name"]
    assert one_of(service, "AWS::ECS::Cluster")["ClusterName"] == {"Fn::Sub": "vtrans-${EnvironmentName}"}
    assert one_of(service, "AWS::ECS::Service")["ServiceName"] == {"Fn::Sub": "vtrans-${EnvironmentName}"}
    assert one_of(service, "AWS::ECS::TaskDefinition")["Family"] == {"Fn::Sub": "vtrans-${EnvironmentName}"}
    assert load_template("storage.yaml")["Resources"]["Repository"]["Properties"]["RepositoryName"] == {"Fn::Sub": "vtrans-${EnvironmentName}"}


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck not installed")
@pytest.mark.parametrize("script", ["deploy/aws/deploy.sh", "scripts/install-python-tools.sh"])
def test_shell_scripts_pass_shellcheck(script):
    result = subprocess.run(["shellcheck", str(ROOT / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
