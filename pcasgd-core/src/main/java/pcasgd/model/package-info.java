/** The model zoo (MLP, LeNet, VGG, ResNet-20) as DJL blocks; a user picks one with {@code ModelSpec.zoo}. */
package pcasgd.model;
