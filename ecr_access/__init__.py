"""ecr-access: Amazon ECR repositories and least-privilege access to them, as Pulumi components and a Pulumi stack."""
