// A Sarama (Debian golang-github-shopify-sarama-dev 1.22) user's session against
// one broker, configured for one Kafka version: admin, produce with every codec
// that version allows, consume back, a two-member group with commits, and
// earliest/latest offsets. Prints "ok <step>" per step; exits 1 at the first failure.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/Shopify/sarama"
)

var (
	brokers   = flag.String("brokers", "", "bootstrap host:port")
	version   = flag.String("version", "2.2.0", "Kafka version Sarama is configured for")
	prefix    = flag.String("prefix", "sarama", "topic and group name prefix")
	mechanism = flag.String("sasl", "", "PLAIN or SCRAM-SHA-256; empty for no SASL")
	user      = flag.String("user", "", "SASL user")
	password  = flag.String("password", "", "SASL password")
	saslOnly  = flag.Bool("sasl-only", false, "log in and list topics only")
	caFile    = flag.String("ca", "", "CA file: connect with TLS (PLAIN is accepted only over TLS)")
)

func fail(step string, err error) {
	fmt.Printf("FAIL %s: %v\n", step, err)
	os.Exit(1)
}

func config() *sarama.Config {
	v, err := sarama.ParseKafkaVersion(*version)
	if err != nil {
		fail("version", err)
	}
	c := sarama.NewConfig()
	c.Version = v
	c.ClientID = "sarama-" + *version
	c.Producer.Return.Successes = true
	c.Producer.RequiredAcks = sarama.WaitForAll
	c.Consumer.Offsets.Initial = sarama.OffsetOldest
	c.Consumer.Return.Errors = true
	c.Metadata.Retry.Backoff = 100 * time.Millisecond
	if *mechanism != "" {
		c.Net.SASL.Enable = true
		c.Net.SASL.Mechanism = sarama.SASLMechanism(*mechanism)
		c.Net.SASL.User = *user
		c.Net.SASL.Password = *password
		c.Net.SASL.Handshake = true
		if *caFile != "" {
			pem, err := os.ReadFile(*caFile)
			if err != nil {
				fmt.Printf("FAIL read CA: %v\n", err)
				os.Exit(1)
			}
			roots := x509.NewCertPool()
			roots.AppendCertsFromPEM(pem)
			c.Net.TLS.Enable = true
			c.Net.TLS.Config = &tls.Config{RootCAs: roots}
		}
		if *mechanism == sarama.SASLTypeSCRAMSHA256 {
			c.Net.SASL.SCRAMClientGeneratorFunc = func() sarama.SCRAMClient { return &scramClient{} }
		}
	}
	return c
}

func codecs(v sarama.KafkaVersion) []sarama.CompressionCodec {
	list := []sarama.CompressionCodec{sarama.CompressionNone, sarama.CompressionGZIP, sarama.CompressionSnappy, sarama.CompressionLZ4}
	if v.IsAtLeast(sarama.V2_1_0_0) {
		list = append(list, sarama.CompressionZSTD)
	}
	return list
}

func produceAndConsume(client sarama.Client, codec sarama.CompressionCodec) {
	topic := fmt.Sprintf("%s-%s", *prefix, codec)
	c := config()
	c.Producer.Compression = codec
	producer, err := sarama.NewSyncProducerFromClient(client)
	if codec != sarama.CompressionNone {
		producer, err = sarama.NewSyncProducer([]string{*brokers}, c)
	}
	if err != nil {
		fail("producer "+codec.String(), err)
	}
	const n = 20
	var messages []*sarama.ProducerMessage
	for i := 0; i < n; i++ {
		messages = append(messages, &sarama.ProducerMessage{Topic: topic, Partition: 0, Key: sarama.StringEncoder(fmt.Sprintf("k%d", i)), Value: sarama.StringEncoder(fmt.Sprintf("%s-%d", codec, i))})
	}
	if err := producer.SendMessages(messages); err != nil {
		fail("produce "+codec.String(), err)
	}
	if codec != sarama.CompressionNone {
		producer.Close()
	}
	consumer, err := sarama.NewConsumerFromClient(client)
	if err != nil {
		fail("consumer", err)
	}
	defer consumer.Close()
	pc, err := consumer.ConsumePartition(topic, 0, sarama.OffsetOldest)
	if err != nil {
		fail("consume "+codec.String(), err)
	}
	defer pc.Close()
	for i := 0; i < n; i++ {
		select {
		case m := <-pc.Messages():
			want := fmt.Sprintf("%s-%d", codec, i)
			if string(m.Value) != want || string(m.Key) != fmt.Sprintf("k%d", i) || m.Offset != int64(i) {
				fail("consume "+codec.String(), fmt.Errorf("offset %d: got %s=%s, want k%d=%s", m.Offset, m.Key, m.Value, i, want))
			}
		case err := <-pc.Errors():
			fail("consume "+codec.String(), err)
		case <-time.After(20 * time.Second):
			fail("consume "+codec.String(), fmt.Errorf("timed out after %d messages", i))
		}
	}
	fmt.Printf("ok produce+consume %s\n", codec)
}

type member struct {
	mu     sync.Mutex
	seen   map[string]bool
	claims map[int32]bool
	ready  chan struct{}
	total  *int
	done   chan struct{}
}

func (m *member) Setup(s sarama.ConsumerGroupSession) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.claims = map[int32]bool{}
	for _, p := range s.Claims()[*prefix+"-group"] {
		m.claims[p] = true
	}
	return nil
}
func (m *member) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (m *member) ConsumeClaim(s sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		m.mu.Lock()
		m.seen[string(msg.Value)] = true
		m.mu.Unlock()
		s.MarkMessage(msg, "")
	}
	return nil
}

func group(client sarama.Client, admin sarama.ClusterAdmin) {
	topic := *prefix + "-group"
	if err := admin.CreateTopic(topic, &sarama.TopicDetail{NumPartitions: 2, ReplicationFactor: 1}, false); err != nil {
		fail("group topic", err)
	}
	producer, err := sarama.NewSyncProducerFromClient(client)
	if err != nil {
		fail("group producer", err)
	}
	const n = 40
	for i := 0; i < n; i++ {
		if _, _, err := producer.SendMessage(&sarama.ProducerMessage{Topic: topic, Partition: int32(i % 2), Value: sarama.StringEncoder(fmt.Sprintf("g%d", i))}); err != nil {
			fail("group produce", err)
		}
	}
	groupID := *prefix + "-members"
	ctx, cancel := context.WithCancel(context.Background())
	members := []*member{{seen: map[string]bool{}}, {seen: map[string]bool{}}}
	var wg sync.WaitGroup
	for _, m := range members {
		c := config()
		c.Consumer.Offsets.CommitInterval = 100 * time.Millisecond
		cg, err := sarama.NewConsumerGroup([]string{*brokers}, groupID, c)
		if err != nil {
			fail("consumer group", err)
		}
		wg.Add(1)
		go func(m *member, cg sarama.ConsumerGroup) {
			defer wg.Done()
			defer cg.Close()
			for ctx.Err() == nil {
				if err := cg.Consume(ctx, []string{topic}, m); err != nil && ctx.Err() == nil {
					fmt.Printf("group consume error: %v\n", err)
					time.Sleep(200 * time.Millisecond)
				}
			}
		}(m, cg)
	}
	deadline := time.Now().Add(40 * time.Second)
	for {
		seen := map[string]bool{}
		split := true
		for _, m := range members {
			m.mu.Lock()
			for v := range m.seen {
				seen[v] = true
			}
			split = split && len(m.claims) == 1
			m.mu.Unlock()
		}
		if len(seen) == n && split {
			break
		}
		if time.Now().After(deadline) {
			fail("group", fmt.Errorf("consumed %d of %d, claims split evenly: %v", len(seen), n, split))
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // two commit intervals: the marks reach the broker
	cancel()
	wg.Wait()
	offsets, err := admin.ListConsumerGroupOffsets(groupID, map[string][]int32{topic: {0, 1}})
	if err != nil {
		fail("group offsets", err)
	}
	for p := int32(0); p < 2; p++ {
		end, err := client.GetOffset(topic, p, sarama.OffsetNewest)
		block := offsets.GetBlock(topic, p)
		if err != nil || block == nil || block.Err != sarama.ErrNoError || block.Offset != end {
			fail("group offsets", fmt.Errorf("partition %d committed %+v, want %d (%v)", p, block, end, err))
		}
	}
	fmt.Println("ok group of two with commits")
}

func main() {
	flag.Parse()
	c := config()
	client, err := sarama.NewClient([]string{*brokers}, c)
	if err != nil {
		fail("connect", err)
	}
	defer client.Close()
	topics, err := client.Topics()
	if err != nil {
		fail("metadata", err)
	}
	fmt.Printf("ok connected (%d topics)\n", len(topics))
	if *saslOnly {
		return
	}
	admin, err := sarama.NewClusterAdmin([]string{*brokers}, c)
	if err != nil {
		fail("admin", err)
	}
	defer admin.Close()
	scratch := *prefix + "-scratch"
	if err := admin.CreateTopic(scratch, &sarama.TopicDetail{NumPartitions: 3, ReplicationFactor: 1}, false); err != nil {
		fail("create topic", err)
	}
	described, err := admin.DescribeTopics([]string{scratch})
	if err != nil || len(described) != 1 || len(described[0].Partitions) != 3 {
		fail("describe topic", fmt.Errorf("%v %+v", err, described))
	}
	if err := admin.DeleteTopic(scratch); err != nil {
		fail("delete topic", err)
	}
	fmt.Println("ok admin create/describe/delete")
	for _, codec := range codecs(c.Version) {
		produceAndConsume(client, codec)
	}
	first, err := client.GetOffset(*prefix+"-none", 0, sarama.OffsetOldest)
	last, err2 := client.GetOffset(*prefix+"-none", 0, sarama.OffsetNewest)
	if err != nil || err2 != nil || first != 0 || last != 20 {
		fail("offsets", fmt.Errorf("earliest %d (%v), latest %d (%v)", first, err, last, err2))
	}
	fmt.Println("ok earliest/latest offsets")
	group(client, admin)
}
